/*
 * mhd_lazy.h — libmicrohttpd (and the GnuTLS it links), loaded when the server
 * starts (core/lazy.h); for src/http/ alone.
 */
#ifndef MS_HTTP_MHD_LAZY_H
#define MS_HTTP_MHD_LAZY_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include "../core/lazy.h"

#define MS_MHD_FNS(X) \
	X(MHD_add_response_header) X(MHD_create_response_from_buffer) X(MHD_create_response_from_callback) \
	X(MHD_create_response_from_fd64) X(MHD_destroy_response) X(MHD_get_connection_info) \
	X(MHD_get_connection_values) X(MHD_get_daemon_info) X(MHD_lookup_connection_value) \
	X(MHD_queue_response) X(MHD_resume_connection) X(MHD_start_daemon) X(MHD_stop_daemon) \
	X(MHD_suspend_connection)
MS_MHD_FNS(MS_LAZY_DECLARE)

/* Load libmicrohttpd once (thread-safe): 0, or MS_ERR_IO with the reason. */
struct ms_error;
int ms_mhd_load(struct ms_error *e);

/* The calls, through the pointers (after the declarations above). */
#define MHD_add_response_header (*ms_lazy_MHD_add_response_header)
#define MHD_create_response_from_buffer (*ms_lazy_MHD_create_response_from_buffer)
#define MHD_create_response_from_callback (*ms_lazy_MHD_create_response_from_callback)
#define MHD_create_response_from_fd64 (*ms_lazy_MHD_create_response_from_fd64)
#define MHD_destroy_response (*ms_lazy_MHD_destroy_response)
#define MHD_get_connection_info (*ms_lazy_MHD_get_connection_info)
#define MHD_get_connection_values (*ms_lazy_MHD_get_connection_values)
#define MHD_get_daemon_info (*ms_lazy_MHD_get_daemon_info)
#define MHD_lookup_connection_value (*ms_lazy_MHD_lookup_connection_value)
#define MHD_queue_response (*ms_lazy_MHD_queue_response)
#define MHD_resume_connection (*ms_lazy_MHD_resume_connection)
#define MHD_start_daemon (*ms_lazy_MHD_start_daemon)
#define MHD_stop_daemon (*ms_lazy_MHD_stop_daemon)
#define MHD_suspend_connection (*ms_lazy_MHD_suspend_connection)

#endif
