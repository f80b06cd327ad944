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
409;1150000;1379;12822;Rewitalizacja, zmiana nawierzchni na boiskach hybrydowych MOSIR Raków oraz doposażenie specjalistyczne infrastruktury”
581;1116000;1342;12449;„AS” – AKTYWNE SPOŁECZEŃSTWO - DOPOSAŻENIE PLACÓW RODZINNEJ REKREACJI W DZIELNICACH: BŁESZNO, BRZEZINY, RAKÓW, STARE MIASTO, STRADOM I WYCZERPY – ANIOŁÓW
604;1140000;1279;11673;Modernizacja boiska piłkarskiego KOS Victoria 1922 Częstochowa wraz z infrastrukturą
275;172500;1790;11584;„Częstochowianie bezdomnym zwierzętom.”
182;496000;982;8686;Nowy wygląd Biblioteki przy ul. Gombrowicza 15
152;750000;1002;8414;Sygnalizacja świetlna w Kiedrzynie.
248;610000;1409;7166;Zielony pochłaniacz smogu dla każdej dzielnicy.
479;1183000;700;6703;Kompleksowe zagospodarowanie terenu Orkan Gnaszyn przy ul. Osada młyńska
VOTES
voter_id;vote;points;district
27;275;5;Śródmieście
20;275;10;Tysiąclecie
28;;;Tysiąclecie
23;275;10;Śródmieście
30;152;10;Kiedrzyn
35;248,275;6,4;Grabówka
32;;;Północ
24;581;10;Tysiąclecie
18;;;Wrzosowiak
36;;;Wrzosowiak
33;248;3;Częstochówka - Parkitka
37;;;Częstochówka - Parkitka
