META
key;value
budget;100
vote_type;approval
PROJECTS
project_id;cost
1;10
 1 ;20
VOTES
voter_id;vote
