META
key;value
budget;1;2
