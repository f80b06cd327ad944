# Minsheng — the README's commands. The real build is meson + ninja.
#   make        build (build/)
#   make run    install what is missing (apt, npm), build server and web/dist, add demo data to ./data/minsheng.db
#               if it is new, serve the API and the web app on :8080
#   make test   install what is missing, build with ASan+UBSan (build-asan/) and web/dist, run every test
BUILD ?= build
DB ?= data/minsheng.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all build run test deps clean

all: build

$(BUILD)/build.ninja:
	meson setup $(BUILD) >/dev/null

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

deps:
	@scripts/deps.sh build

run: deps
	@$(MAKE) --no-print-directory build
	@MINSHENG_BIN=$(BUILD)/minsheng scripts/web.sh
	@mkdir -p $(dir $(DB))
	@$(BUILD)/minsheng demo --db $(DB)
	@echo "Open http://$(LISTEN)/ — the API is under http://$(LISTEN)/api/v1 (docs/api.md). Ctrl-C stops."
	@$(BUILD)/minsheng serve --db $(DB) --listen $(LISTEN) --web web/dist

test:
	@scripts/deps.sh test
	@scripts/run-tests.sh

clean:
	rm -rf $(BUILD) build-asan web/dist
