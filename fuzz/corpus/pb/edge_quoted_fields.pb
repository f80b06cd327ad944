META
key;value
budget;100
vote_type;approval
PROJECTS
project_id;cost;name
"1";"10";"a;b"
2;20;"two
lines ""q"""
3;5;""
4;1;x"y
VOTES
voter_id;vote
"v1";"1,2"
v2;""
v3;" 3 "
