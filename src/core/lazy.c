/* lazy.c — see lazy.h. */
#include "lazy.h"

#include <dlfcn.h>
#include <stdio.h>

bool ms_lazy_open(const char *soname, const char *const *names, void *const *slots, size_t n, char *why,
		  size_t cap)
{
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		const char *err = dlerror();
		snprintf(why, cap, "cannot load %s: %s", soname, err ? err : "not found");
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		void *f = dlsym(lib, names[i]);
		if (!f) {
			snprintf(why, cap, "%s has no %s", soname, names[i]);
			return false;
		}
		*(void **)slots[i] = f;
	}
	return true;
}
