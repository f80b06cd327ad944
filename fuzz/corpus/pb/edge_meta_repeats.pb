META
key;value
note;x
"note";"y;z"
 budget ; 100 
vote_type; approval
num_votes;999
PROJECTS
project_id;cost;name
1;10;a
2;20;b
10;30;c
VOTES
voter_id;vote
a;1
