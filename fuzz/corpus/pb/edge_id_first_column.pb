META
key;value
budget;100
vote_type;approval
PROJECTS
name; cost 
alpha;10
beta;20
VOTES
 vote ;voter_id
alpha,beta;x
