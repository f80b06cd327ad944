META
key;value
budget;100
vote_type;approval
PROJECTS
project_id;cost;name
1;10;a
2;20;b
10;30;c
VOTES
voter_id;vote
a;1,2
b;10