META
key;value
description;Municipal PB in Warszawa
country;Poland
unit;Warszawa
instance;2026
num_projects;83
num_votes;61668
budget;24186815
vote_type;approval
rule;greedy-threshold
date_begin;01.06.2025
date_end;15.06.2025
max_length;5
min_project_score_threshold;3000
edition;12
language;pl
currency;PLN
comment;#1: The metadata regarding the age of voters shows very low values (starting from zero), indicating that one doesn't need to be an adult to vote: If a voter is under 13, they can vote with the consent of a parent or guardian. Hence, for example, age 0 likely corresponds to cases where parents/guardians are voting on behalf of their children.
PROJECTS
project_id;cost;votes;name;category;selected;latitude;longitude
214;4800000;14126;Zakup niezbędnego sprzętu medycznego dla miejskich szpitali;health and welfare;1;52.230525518815675;21.009522160953203
1109;1200000;12500;Tramwaj wodny wzdłuż Wisły;sport and recreation;1;52.242188962977785;21.03087902069092
93;2325000;10720;2050 drzew i krzewów dla Warszawy (kontynuacja);nature and greenery;1;;
915;2493800;10109;Silne umysły, silne społeczeństwo - bezpłatne wsparcie psychologiczno-pedagogiczne dla mieszkańców Warszawy;health and welfare;1;;
1952;419520;10003;AED-y dla Warszawy;health and welfare;1;52.24031550164966;21.010625955283146
800;812600;9417;Łąki kwietne dla Warszawy;nature and greenery;1;52.248720370211615;20.97076535224915
VOTES
voter_id;vote;age;sex;voting_method;neighborhood
217759;;42;M;internet;Ursynów
217760;1109;41;M;internet;Bielany
217761;1952,1109;32;F;internet;Rembertów
217765;;32;M;internet;Praga-Północ
217768;915;40;F;internet;Ursynów
217769;214,1952;33;M;internet;Ursynów
217770;915;42;F;internet;Praga-Południe
217771;214,1952;42;F;internet;Praga-Południe
217773;214;34;F;internet;Praga-Południe
217775;1109,915;38;F;internet;Białołęka
