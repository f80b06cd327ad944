META
key;value
budget;100
vote_type;scoring
PROJECTS
project_id;cost;name
1;10;a
2;20;b
10;30;c
VOTES
voter_id;points;vote
a; 5 , 0 ,7 ;10,1,2
b;;
c;None;None
d;,1,;,2,
