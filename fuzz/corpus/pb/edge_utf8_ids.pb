META
key;value
budget;100
vote_type;approval
PROJECTS
project_id;cost;name
路灯;10;修路灯 é
abcdefghij;5;long id
abcdefgh;5;eight
VOTES
voter_id;vote
张三;路灯,abcdefghij,abcdefgh
