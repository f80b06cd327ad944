META
key;value
description;Municipal PB in Łódź
country;Poland
unit;Łódź
instance;2022
num_projects;160
num_votes;90494
budget;6112868
vote_type;approval
rule;greedy
date_begin;07.10.2022
date_end;31.10.2022
language;polish
max_length;5
edition;10
PROJECTS
project_id;cost;votes;name;selected
L010;1603000;16904;Strefa21 - boisko wielofunkcyjne i skwer wypoczynkowy przy Kopernika 2;1
L081;590000;14620;Sala sportowa w Szkole Podstawowej nr 3 w Łodzi;1
L126;372000;14152;Modernizacja sal gimnastycznych w SP 182 - Teofilów;1
L014;535000;14096;Na dziedzińcu i w ogrodzie uczymy się o przyrodzie - remont dziedzińca przy Szkole Podstawowej nr 56;1
L047;159000;9340;Strefa zajęć i relaksu na boisku Zespołu Szkół Ponadpodstawowych nr 5 w Łodzi;1
L025;360000;8687;Bezpłatny dostęp do e-booków i audiobooków dla mieszkańców Łodzi w Filiach Biblioteki Miejskiej w Łodzi;1
VOTES
voter_id;age;sex;voting_method;vote
1401204197;53;K;internet;
1401204209;35;K;internet;
1401204213;43;M;internet;
1401204221;37;M;internet;
1401204229;61;K;internet;L025
1401204231;52;M;internet;L010
1401204235;49;M;internet;
1401204241;39;K;internet;L047
1401204245;41;K;internet;
1401204247;10;K;internet;
