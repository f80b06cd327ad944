META
key;value
description;Municipal PB in Częstochowa
country;Poland
unit;Czestochowa
instance;2020
num_projects;90
num_votes;16978
budget;2367122
vote_type;cumulative
rule;greedy
date_begin;6.09.2019
date_end;25.09.2019
min_sum_points;1
max_sum_points;10
language;polish
edition;6
comments;This is not the original data. Some voters (around 0.5%) were removed due to the ambiguity.
PROJECTS
project_id;cost;votes;score;name
152;750000;1002;8414;Sygnalizacja świetlna w Kiedrzynie.
579;190000;704;5437;Summer Chill Częstochowa
573;120000;469;2224;Zakup drona antysmogowego dla Straży Miejskiej
VOTES
voter_id;vote;points;district
30;152;10;Kiedrzyn
131;152;10;
107;573;10;Lisiniec
159;152;10;Kiedrzyn
3;152;10;Kiedrzyn
150;152;10;Gnaszyn - Kawodrza
13026;579,579,579,579;1,1,1,1;
