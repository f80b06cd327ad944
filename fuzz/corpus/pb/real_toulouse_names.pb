META
key;value
description;Municipal PB in Toulouse
country;France
unit;Toulouse
instance;2022
num_projects;199
num_votes;4532
budget;8000000
vote_type;approval
rule;greedy
date_begin;03.10.2022
date_end;31.10.2022
min_length;1
max_length;3
currency;EUR
PROJECTS
project_id;cost;votes;name;category;district
116;4000.0;38;Création d’abris pour la faune;Nature en ville;10 - Jolimont / Soupetard / Roseraie / Gloire / Gramont / Amouroux
180;75000.0;20;Pépinière-jardin du quartier Reynerie-Bellefontaine;Nature en ville;17 - Mirail-Université / Reynerie / Bellefontaine
124;60000.0;23;Toilettes publiques Bois de Limayrac;Cadre de vie;11 - Bonhoure / Guilheméry / Château de l'Hers / Limayrac / Côte Pavée
13;4000.0;14;Esthétique des conteneurs de recyclage;Cadre de vie;1 - Capitole / Arnaud Bernard / Carmes
37;40000.0;9;Clarifier les priorités à la sortie de la rue Réclusane;Cadre de vie;6 - Saint-Cyprien
163;200000.0;164;Réouverture des espaces verts des bords de Garonne aux Toulousains;Nature en ville;20 - Arènes Romaines / Ancely / Saint-Martin du Touch / Purpan
VOTES
voter_id;vote
9;
11;
12;
13;
15;
16;
17;
18;
19;
20;
