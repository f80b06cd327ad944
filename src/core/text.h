/*
 * text.h — what a text shows, by the Unicode character properties of
 * libunistring: whether it shows anything at all (a character that is
 * neither white space nor default-ignorable, such as the zero-width ones),
 * and whether it holds a bidirectional control character (embeddings,
 * overrides, isolates, marks), which can make a title read otherwise than
 * it is stored. The texts are valid UTF-8 (core/utf8.h checks that first).
 */
#ifndef MS_TEXT_H
#define MS_TEXT_H

#include <stdbool.h>
#include <stddef.h>

bool ms_text_visible(const char *s, size_t n);
bool ms_text_has_bidi_control(const char *s, size_t n);

#endif
