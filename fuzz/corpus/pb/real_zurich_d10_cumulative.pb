META
key;value
description;Qualtrics Zurich PB Experiment 2023, D10 format
country;Switzerland
unit;Zurich
instance;D10
num_projects;24
num_votes;180
budget;60000
vote_type;cumulative
rule;unknown
date_begin;09.03.2023
date_end;19.03.2023
min_length;1
max_length;10
max_sum_points;10
language;en
currency;CHF
experimental;1
acknowledgments;Data from Yang et al. (2024), https://arxiv.org/abs/2310.03501.
PROJECTS
project_id;cost;votes;score;name;category;district
1;5000;34;56;Planting Workshops at Oerlikon;Nature;Nord
2;10000;65;113;Footpath Gardens around Train Stations;Nature;Nord
3;5000;10;16;Kid Festival at Leutschenpark;Culture;Nord
4;10000;19;38;Music Studio at Kulturbahnhof Affoltern;Culture;Nord
5;5000;76;149;Safe Bike Paths around Irchel Park;Transportation;Nord
6;10000;66;142;More Night Buses to Oerlikon;Transportation;Nord
7;5000;59;112;Free Open Badi Space in Wollishofen;Nature;Süd
8;10000;19;33;A Neighborhood Garden for Wiedikon;Nature;Süd
9;5000;13;20;Environmental Film Session for Kids;Culture;Süd
10;10000;24;43;Car-free Sunday Festivals on Mutschellenstrasse;Culture;Süd
11;5000;35;57;Free Bike Fixing Workshops;Transportation;Süd
12;10000;44;87;Car Sharing System for Young People;Transportation;Süd
13;5000;67;136;Transforming City Spaces under Trees into Gardens;Nature;Ost
14;10000;84;168;More Trees in Bellevue & Sechseläutenplatz;Nature;Ost
15;5000;13;16;Plant Festival in the City Centre;Culture;Ost
16;10000;48;90;Multicultural Festival at Sechseläutenplatz;Culture;Ost
17;5000;60;118;Bike Lanes on Seefeldstrasse;Transportation;Ost
18;10000;25;56;Speed bumps in the City and the Lake Front;Transportation;Ost
19;5000;35;66;Bird Houses for Zurich-Höngg;Nature;West
20;10000;24;46;Wet Biotope as Learning Garden in Frankental;Nature;West
21;5000;18;27;Dingtheke: Community Things Exchange Library in Wipkingen;Culture;West
22;10000;21;35;Sustainable Cooking Workshop with Kids;Culture;West
23;5000;22;30;Public Bicycle Moving Trailer to be Borrowed;Transportation;West
24;10000;62;146;Car-free Langstrasse;Transportation;West
VOTES
voter_id;vote;points;topic_preference_transport;topic_preference_culture;topic_preference_nature;district_preference;time_taken_seconds;format_easiness;format_expressiveness;format_rank
QGVT6BFJ;9,3,13;4,3,3;24;43;33;West;13;8;Somewhat difficult;Mostly describes my preference
YK3TDKDG;5,1,2,6,7,24;3,2,2,1,1,1;60;10;30;Nord;18;6;Somewhat difficult;Mostly describes my preference
GBXNVPT3;6,5,1,14,19;4,3,1,1,1;30;20;50;Nord;39;14;Neither easy nor difficult;Mostly describes my preference
Q3XX1WEM;2,5,6,8,14,23;2,2,2,2,1,1;48;21;31;Nord;24;6;Somewhat difficult;Mostly describes my preference
VYWXL1Y7;13,14,24,1,5,11,19;2,2,2,1,1,1,1;50;15;35;Ost;23;7;Somewhat easy;Moderately describes my preference
9FL7WKHB;10,11,16,4,5,23;3,2,2,1,1,1;25;50;25;Süd;45;6;Neither easy nor difficult;Moderately describes my preference
Z9WAJKGN;24,6,7,5,12,18;3,2,2,1,1,1;40;35;25;Nord;32;11;Somewhat difficult;Mostly describes my preference
S9ECLWWP;14,17,18,24;6,2,1,1;48;6;46;Ost;33;14;Extremely easy;Clearly describes my preference
