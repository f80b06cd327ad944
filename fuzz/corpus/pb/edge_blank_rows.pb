
 
META

key;value
	
budget;100
vote_type;approval
""
PROJECTS

project_id;cost
1;1

2;2
VOTES
" "
voter_id;vote

a;1

