META
key;value
description;Qualtrics Zurich PB Experiment 2023, S5R format
country;Switzerland
unit;Zurich
instance;S5R
num_projects;24
num_votes;180
budget;60000
vote_type;ordinal
rule;unknown
date_begin;09.03.2023
date_end;19.03.2023
min_length;1
max_length;5
language;en
currency;CHF
experimental;1
acknowledgments;Data from Yang et al. (2024), https://arxiv.org/abs/2310.03501.
PROJECTS
project_id;cost;votes;score;name;category;district
1;5000;34;88;Planting Workshops at Oerlikon;Nature;Nord
2;10000;57;186;Footpath Gardens around Train Stations;Nature;Nord
3;5000;6;14;Kid Festival at Leutschenpark;Culture;Nord
4;10000;18;48;Music Studio at Kulturbahnhof Affoltern;Culture;Nord
5;5000;77;235;Safe Bike Paths around Irchel Park;Transportation;Nord
6;10000;66;223;More Night Buses to Oerlikon;Transportation;Nord
7;5000;63;184;Free Open Badi Space in Wollishofen;Nature;Süd
8;10000;23;64;A Neighborhood Garden for Wiedikon;Nature;Süd
9;5000;8;15;Environmental Film Session for Kids;Culture;Süd
10;10000;24;70;Car-free Sunday Festivals on Mutschellenstrasse;Culture;Süd
11;5000;30;80;Free Bike Fixing Workshops;Transportation;Süd
12;10000;43;129;Car Sharing System for Young People;Transportation;Süd
13;5000;63;210;Transforming City Spaces under Trees into Gardens;Nature;Ost
14;10000;88;268;More Trees in Bellevue & Sechseläutenplatz;Nature;Ost
15;5000;13;22;Plant Festival in the City Centre;Culture;Ost
16;10000;43;130;Multicultural Festival at Sechseläutenplatz;Culture;Ost
17;5000;53;168;Bike Lanes on Seefeldstrasse;Transportation;Ost
18;10000;26;85;Speed bumps in the City and the Lake Front;Transportation;Ost
19;5000;33;93;Bird Houses for Zurich-Höngg;Nature;West
20;10000;24;68;Wet Biotope as Learning Garden in Frankental;Nature;West
21;5000;13;29;Dingtheke: Community Things Exchange Library in Wipkingen;Culture;West
22;10000;15;39;Sustainable Cooking Workshop with Kids;Culture;West
23;5000;17;40;Public Bicycle Moving Trailer to be Borrowed;Transportation;West
24;10000;59;198;Car-free Langstrasse;Transportation;West
VOTES
voter_id;vote;topic_preference_transport;topic_preference_culture;topic_preference_nature;district_preference;time_taken_seconds;format_easiness;format_expressiveness;format_rank
QGVT6BFJ;8,15,20,18,1;24;43;33;West;31;5;Neither easy nor difficult;Moderately describes my preference
YK3TDKDG;2,24,5,7,1;60;10;30;Nord;51;2;Somewhat difficult;Clearly describes my preference
GBXNVPT3;6,5,1,14,19;30;20;50;Nord;53;0;Neither easy nor difficult;Mostly describes my preference
Q3XX1WEM;6,2,8,14,23;48;21;31;Nord;40;0;Somewhat difficult;Moderately describes my preference
VYWXL1Y7;14,13,5,24,1;50;15;35;Ost;41;0;Somewhat difficult;Moderately describes my preference
9FL7WKHB;10,8,16,5,11;25;50;25;Süd;55;1;Somewhat difficult;Slightly describes my preference
Z9WAJKGN;24,7,6,13,18;40;35;25;Nord;42;0;Neither easy nor difficult;Mostly describes my preference
S9ECLWWP;14,17,18,24,2;48;6;46;Ost;96;0;Extremely easy;Mostly describes my preference
