META
key;value
budget;100
vote_type;approval
PROJECTS
project_id;cost;name
1;10;xy
2;5;a
VOTES
voter_id;vote
v;1
