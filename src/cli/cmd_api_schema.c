/* cmd_api_schema.c — `minsheng api-schema`: the OpenAPI 3.1 document of
 * the HTTP API, made from the route and field tables (api/openapi.c). */
#include "../api/api.h"
#include "cli.h"

int ms_cmd_api_schema(int argc, char **argv)
{
	static const char help[] = "Usage: minsheng api-schema\n"
				   "Print the OpenAPI 3.1 document of the HTTP API (JSON): every route, who may call it,\n"
				   "its body and its answer, the error codes it may answer, the catalogue of error codes\n"
				   "with their Chinese and English messages, and the labels of every enum.\n";
	int rc = ms_opts_parse(argc, argv, NULL, help, NULL, 0, NULL);
	if (rc >= 0)
		return rc;
	struct ms_error e = {0};
	if (ms_api_check_routes(ms_app_routes, &e))
		return ms_cli_fail(&e);
	json_t *doc = ms_api_openapi(ms_app_routes, ms_app_codes);
	if (!doc || json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_SORT_KEYS) != 0) {
		json_decref(doc);
		fprintf(stderr, "minsheng: out of memory\n");
		return 1;
	}
	putchar('\n');
	json_decref(doc);
	return 0;
}
