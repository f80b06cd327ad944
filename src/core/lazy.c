/* lazy.c — see lazy.h. */
#include "lazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static bool open_lib(struct ms_lazy_lib *lib)
{
	void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *err = dlerror();
		snprintf(lib->why, sizeof lib->why, "cannot load %s: %s", lib->soname, err ? err : "not found");
		return false;
	}
	for (size_t i = 0; i < lib->n; i++) {
		void *f = dlsym(h, lib->names[i]);
		if (!f) {
			snprintf(lib->why, sizeof lib->why, "%s has no %s", lib->soname, lib->names[i]);
			return false;
		}
		*(void **)lib->slots[i] = f;
	}
	return true;
}

bool ms_lazy_load(struct ms_lazy_lib *lib)
{
	pthread_mutex_lock(&lock);
	if (!lib->tried) {
		lib->ok = open_lib(lib);
		lib->tried = true;
	}
	bool ok = lib->ok;
	pthread_mutex_unlock(&lock);
	return ok;
}

int ms_lazy_require(struct ms_lazy_lib *lib, struct ms_error *e)
{
	return ms_lazy_load(lib) ? 0 : ms_error_set(e, MS_ERR_IO, NULL, NULL, "%s", lib->why);
}
