/* demo_stub.c — the demo's data, which meson embeds (scripts/embed.py) and
 * fuzz_bulletin links without: empty. */
#include <stddef.h>

const unsigned char ms_demo_json[] = "{}";
const size_t ms_demo_json_len = 2;
