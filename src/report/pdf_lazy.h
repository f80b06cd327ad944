/*
 * pdf_lazy.h — cairo, pango and fontconfig (with the X11, HarfBuzz and GLib
 * they link), loaded by the first PDF (core/lazy.h); for src/report/ alone.
 */
#ifndef MS_REPORT_PDF_LAZY_H
#define MS_REPORT_PDF_LAZY_H

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include "../core/lazy.h"

#define MS_PDF_FNS(X) \
	X(FcFini) X(cairo_create) X(cairo_debug_reset_static_data) X(cairo_destroy) X(cairo_fill) \
	X(cairo_fill_preserve) X(cairo_line_to) X(cairo_move_to) X(cairo_pdf_surface_create_for_stream) \
	X(cairo_rectangle) X(cairo_restore) X(cairo_save) X(cairo_set_dash) X(cairo_set_line_width) \
	X(cairo_set_source_rgb) X(cairo_show_page) X(cairo_status_to_string) X(cairo_stroke) \
	X(cairo_surface_destroy) X(cairo_surface_finish) X(cairo_surface_status) X(g_object_unref) \
	X(pango_cairo_font_map_new) X(pango_cairo_show_layout) X(pango_cairo_update_context) \
	X(pango_font_description_free) X(pango_font_description_from_string) \
	X(pango_font_description_set_absolute_size) X(pango_font_description_set_weight) \
	X(pango_font_map_create_context) X(pango_layout_get_size) X(pango_layout_new) \
	X(pango_layout_set_alignment) X(pango_layout_set_font_description) X(pango_layout_set_text) \
	X(pango_layout_set_width) X(pango_layout_set_wrap)
MS_PDF_FNS(MS_LAZY_DECLARE)

/* Load them once (thread-safe); false when they cannot be (the reason is
 * printed once on stderr). */
bool ms_pdf_load(void);
/* Whether they were loaded. */
bool ms_pdf_loaded(void);

/* The calls, through the pointers (after the declarations above). */
#define FcFini (*ms_lazy_FcFini)
#define cairo_create (*ms_lazy_cairo_create)
#define cairo_debug_reset_static_data (*ms_lazy_cairo_debug_reset_static_data)
#define cairo_destroy (*ms_lazy_cairo_destroy)
#define cairo_fill (*ms_lazy_cairo_fill)
#define cairo_fill_preserve (*ms_lazy_cairo_fill_preserve)
#define cairo_line_to (*ms_lazy_cairo_line_to)
#define cairo_move_to (*ms_lazy_cairo_move_to)
#define cairo_pdf_surface_create_for_stream (*ms_lazy_cairo_pdf_surface_create_for_stream)
#define cairo_rectangle (*ms_lazy_cairo_rectangle)
#define cairo_restore (*ms_lazy_cairo_restore)
#define cairo_save (*ms_lazy_cairo_save)
#define cairo_set_dash (*ms_lazy_cairo_set_dash)
#define cairo_set_line_width (*ms_lazy_cairo_set_line_width)
#define cairo_set_source_rgb (*ms_lazy_cairo_set_source_rgb)
#define cairo_show_page (*ms_lazy_cairo_show_page)
#define cairo_status_to_string (*ms_lazy_cairo_status_to_string)
#define cairo_stroke (*ms_lazy_cairo_stroke)
#define cairo_surface_destroy (*ms_lazy_cairo_surface_destroy)
#define cairo_surface_finish (*ms_lazy_cairo_surface_finish)
#define cairo_surface_status (*ms_lazy_cairo_surface_status)
#define g_object_unref (*ms_lazy_g_object_unref)
#define pango_cairo_font_map_new (*ms_lazy_pango_cairo_font_map_new)
#define pango_cairo_show_layout (*ms_lazy_pango_cairo_show_layout)
#define pango_cairo_update_context (*ms_lazy_pango_cairo_update_context)
#define pango_font_description_free (*ms_lazy_pango_font_description_free)
#define pango_font_description_from_string (*ms_lazy_pango_font_description_from_string)
#define pango_font_description_set_absolute_size (*ms_lazy_pango_font_description_set_absolute_size)
#define pango_font_description_set_weight (*ms_lazy_pango_font_description_set_weight)
#define pango_font_map_create_context (*ms_lazy_pango_font_map_create_context)
#define pango_layout_get_size (*ms_lazy_pango_layout_get_size)
#define pango_layout_new (*ms_lazy_pango_layout_new)
#define pango_layout_set_alignment (*ms_lazy_pango_layout_set_alignment)
#define pango_layout_set_font_description (*ms_lazy_pango_layout_set_font_description)
#define pango_layout_set_text (*ms_lazy_pango_layout_set_text)
#define pango_layout_set_width (*ms_lazy_pango_layout_set_width)
#define pango_layout_set_wrap (*ms_lazy_pango_layout_set_wrap)

#endif
