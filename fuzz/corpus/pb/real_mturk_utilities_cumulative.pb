META
key;value
description;Experimental PB on Mechanical Turk | Utilities_8
country;Worldwide
unit;Mechanical Turk
instance;Utilities_8
num_projects;20
num_votes;74
budget;500000
vote_type;cumulative
rule;unknown
date_begin;2022
date_end;2022
min_sum_points;100
max_sum_points;100
edition;1
language;en
currency;USD
experimental;1
acknowledgments;"The dataset was created in an experiment as part of the paper ""Participatory Budgeting Design for the Real World"" by Roy Fairsetin, Gerdus Benadè and Kobi Gal."
PROJECTS
project_id;cost;votes;score;name;category;description
30;250000;49;746;Soak Up the Solar Power;Environment, public health & safety;Free, clean, renewable energy! Let’s add solar panels to the Youth Center to reduce greenhouse gas emissions and save money on energy.
3;27000;48;735;Computers for the community learning center;Culture & community;Funding 20 laptops including mice and keyboards, giving students a place to study.
51;105000;47;727;Security Cameras;Education;Install security cameras in public schools.
22;320000;50;616;24H public toilet;Environment, public health & safety;24-hour access public toilet near Central Square.
37;305000;49;518;Inclusive Playground for All Kids;Facilities, parks & recreation;This Universal Design playground would include equipment that is designed to be usable by everyone without special adaptations or retrofitting.
28;176000;43;458;Flashing Crosswalks for Safer Streets;Environment, public health & safety;This project would fund rapid flashing beacons at 10 high pedestrian risk crosswalks (3 of which are shown in the map). These beacons increase the visibility of pedestrians, especially at night. They can alert drivers to crossing pedestrians, thereby preventing crashes.
32;42000;44;423;Free Wifi in 6 Outdoor Public Spaces;Facilities, parks & recreation;Install special outdoor wifi access points to offer free public wifi in the public space.
12;50000;37;417;Separate Bike Lanes from Traffic;Streets, Sidewalks & Transit;Improve safety for drivers and bikers by moving bike lanes to be between street parking spots and the sidewalk, reducing car-bike interactions and potential collisions.
47;200000;32;391;Upgraded Water Fountains for Public Schools;Education;Project would install 35 new water bottle refilling fountains in public schools.
40;120000;31;336;Let’s Rest: Picnic Tables & Benches for Our Parks;Facilities, parks & recreation;Benches and picnic tables bring our community together. Installing new benches and picnic tables in up to 10 of our park will allow people of all ages and abilities to enjoy them for resting, talking, reading, people watching and being outdoors (3 of which are shown in the map).
10;250000;37;322;Accessible Entrance for the Library;Culture & community;Add automatic sliding doors, fix driveway and, if needed, remove steps to benefit seniors and people with disabilities.
45;250000;35;298;Installing Lights at the school Basketball Court;Education;Install lighting to extend safe playing hours for basketball courts. Increases safety for community members while expanding healthy alternatives for youth and access to public space.
31;8000;28;239;Fire Hydrant Markers;Environment, public health & safety;Install high-visibility markers on fire hydrants around town to increase safety for all residents and reduce response time of the fire department by improving ease of locating hydrants in emergencies, at night, and in the snow.
2;13000;27;206;Little (book exchange) libraries;Culture & community;Installing 13 little free libraries across town (3 of which are shown in the map).
42;190000;26;203;New Chairs for Public Schools;Education;New Chairs for Public Schools
39;146000;24;183;Shade and Wet Weather Canopies for Playgrounds;Facilities, parks & recreation;Installing canopies over playgrounds that do not have protection from the elements will reduce weather-related safety concerns and increase playground availability and use.
16;90000;21;183;Sheltered Bike Parking at the Main Library;Streets, Sidewalks & Transit;The Main Library needs more bicycle parking. A glass pavilion, protecting bikes from the weather, landscaped with paths and trees, will be an attractive and functional addition to the library grounds.
17;75000;23;177;What’s Your Speed?;Streets, Sidewalks & Transit;Remind drivers to slow down by deploying live speed displays on busiest streets.
11;12000;18;126;Bike repair stations;Streets, Sidewalks & Transit;Install 8 bike repair stations with tools and bike pumps across the city for cyclists to quickly, easily, and freely fix routine bike problems (3 of which are shown in the map).
8;250000;17;82;Meeting Room Upgrade for libraries;Culture & community;Upgrades will allow for the latest in technology be available for public use in the meeting room.
VOTES
voter_id;vote;points;age;sex;education
2051;12,37,2,32,47,31,39,40;27,18,15,11,8,7,7,7;65;F;Graduate degree
1796;30,51,32,45,22,28,42,37;27,20,14,14,9,7,5,4;33;M;High School/GED
2193;30,11,51,22,8,10,28,31,3,37,39,12,16,32,2;13,12,10,9,8,7,7,7,5,5,5,4,4,3,1;41;M;College
1542;12,30,51,32,45;30,23,23,13,11;48;M;Graduate degree
1543;30,12,51,37,2,3,17,22,32,39,10,11,16,28,42,47,45;15,12,10,9,6,6,6,6,6,4,3,3,3,3,3,3,2;32;M;Graduate degree
1419;28,2,30,32,37,22;40,15,15,15,10,5;27;F;College
