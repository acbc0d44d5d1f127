# The two commands in the README: `make run` and `make test`. Both set up a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# Debian packages: pyscard's build (libpcsclite-dev), the PC/SC stack and virtual reader
# (pcscd, vsmartcard-vpcd), the serial pty pair (socat), a virtual screen (xvfb), the
# libraries Qt's xcb platform, the virtual keyboard (libpulse0) and fonts need, and libusb
# for usb:// printers; speech-dispatcher with espeak-ng reads screens and receipts aloud.
# The A4 document printer: pycups' build (libcups2-dev); for its tests a real CUPS with
# cups-pdf, ippeveprinter (cups-ipp-utils) and the DNS-SD it needs (dbus, avahi-daemon),
# and poppler-utils to read what was printed (also the simulator's page preview).
# PostgreSQL for central's tests (a throwaway cluster, tests/helpers/postgres.py); age for
# central's encrypted backups; nginx to test config/central/nginx-central.conf; Chromium
# and its driver for the back office's browser tests; gettext for central's page translations.
# Central's letters: WeasyPrint's Pango (libpango-1.0-0, libpangoft2-1.0-0) and HarfBuzz's
# font subsetting (libharfbuzz-subset0), the letters' font (fonts-liberation2: Liberation
# Serif, metric-compatible with Times New Roman), and zbar-tools to read a letter's QR back.
# The hall display's spoken call: espeak-ng (its Indonesian voice) on the server.
APT_PACKAGES := libpcsclite-dev pcscd vsmartcard-vpcd socat xvfb libxcb-icccm4 libxcb-keysyms1 \
	libxcb-cursor0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-shape0 libxcb-xinerama0 \
	libxkbcommon-x11-0 libpulse0 libegl1 libgl1 libfontconfig1 libdbus-1-3 fonts-dejavu-core \
	libusb-1.0-0 speech-dispatcher speech-dispatcher-espeak-ng systemd \
	libcups2-dev cups printer-driver-cups-pdf cups-ipp-utils dbus avahi-daemon poppler-utils \
	postgresql age nginx chromium chromium-driver gettext \
	libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 zbar-tools espeak-ng
DEMO_DATA_DIR ?= var/demo
# The demo's PIN pepper: outside its data folder, as /etc/kiosk/pin-pepper is on a kiosk.
DEMO_PEPPER_FILE ?= $(CURDIR)/var/demo-pin-pepper
DEMO_KIOSK_ID ?= ALM-DEMO-01
DEMO_SECRET ?= demo-secret-not-for-production
DEMO_CENTRAL_PORT ?= 8765
DEMO_CENTRAL_DB := $(DEMO_DATA_DIR)/central.sqlite
# The demo kiosk serves Kemiren (35.10.15.2004), the village of the built-in catalog. The back
# office's demo accounts: DEMO passwords, printed by make run, never for a real central.
DEMO_VILLAGE ?= 3510152004
DEMO_ADMIN_PASSWORD := demo-admin-not-for-production
DEMO_OPERATOR_PASSWORD := demo-operator-not-for-production
DEMO_HEAD_PASSWORD := demo-kades-not-for-production
DEMO_COUNTER_PASSWORD := demo-loket-not-for-production
# The demo head's signing key: a development CA's, marked as not legally valid.
DEMO_SIGNER_PASSPHRASE := demo-signing-passphrase-not-for-production
# Letters in the demo: the sample villages' letterheads and registers, and the QR's address.
DEMO_CENTRAL_ENV := CENTRAL_LETTERS_CONFIG=central/letters/data/letters-sample.toml \
	CENTRAL_PUBLIC_URL=http://127.0.0.1:$(DEMO_CENTRAL_PORT)
TS := ui/i18n/kiosk_en.ts
QM := ui/i18n/kiosk_en.qm
# The on-screen keyboard's own style has words on its keys too.
KEYBOARD_STYLE := ui/qml/QtQuick/VirtualKeyboard/Styles/kiosk/style.qml
# Central's apps with pages in both languages (their locale/en/LC_MESSAGES/django.po).
CENTRAL_LOCALE_APPS := office fleet

.PHONY: run test lint unit apt venv translations clean bundle

# The demo kiosk talks to a local central on loopback (SQLite, the sample regions of
# Banyuwangi), started and stopped with it; the demo kiosk's secret goes in a file, not ps.
run: apt $(VENV)/.installed
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ] && [ -z "$$QT_QPA_PLATFORM" ]; then \
		echo "make run: no display. Start one, e.g.: Xvfb :99 -screen 0 1080x1920x24 & DISPLAY=:99 make run"; \
		exit 1; fi
	mkdir -p $(DEMO_DATA_DIR)
	$(PY) -m central migrate --db $(DEMO_CENTRAL_DB) --verbosity 0
	$(PY) -m central import-regions --db $(DEMO_CENTRAL_DB) central/registry/data/banyuwangi-sample.csv
	$(PY) -m central import-opds --db $(DEMO_CENTRAL_DB) central/office/data/opd-sample.csv
	(umask 077 && echo "$(DEMO_KIOSK_ID):$(DEMO_SECRET)" > $(DEMO_DATA_DIR)/central-kiosks \
		&& echo "$(DEMO_SECRET)" > $(DEMO_DATA_DIR)/demo-kiosk.secret)
	@# The demo kiosk belongs to the demo village (registered here the first time, moved there
	@# if an older demo database has it without one); then the demo staff, once.
	if $(PY) -m central fleet --db $(DEMO_CENTRAL_DB) --json 2>/dev/null | grep -q '"$(DEMO_KIOSK_ID)"'; then \
		$(PY) -m central assign-kiosk --db $(DEMO_CENTRAL_DB) --id $(DEMO_KIOSK_ID) --village $(DEMO_VILLAGE); \
	else \
		$(PY) -m central add-kiosk --db $(DEMO_CENTRAL_DB) --id $(DEMO_KIOSK_ID) --village $(DEMO_VILLAGE) \
			--name "Anjungan demo" --secret-file $(DEMO_DATA_DIR)/demo-kiosk.secret; \
	fi
	for account in "demo-admin $(DEMO_ADMIN_PASSWORD) --role admin_diskominfo" \
		"demo-operator $(DEMO_OPERATOR_PASSWORD) --role operator_desa --village $(DEMO_VILLAGE)" \
		"demo-kades $(DEMO_HEAD_PASSWORD) --role kepala_desa --village $(DEMO_VILLAGE)" \
		"demo-loket $(DEMO_COUNTER_PASSWORD) --role petugas_loket --unit A --desk 1"; do \
		set -- $$account; name=$$1; password=$$2; shift 2; \
		out=$$(echo "$$password" | $(PY) -m central add-user --db $(DEMO_CENTRAL_DB) --username $$name "$$@" 2>&1) \
			|| echo "$$out" | grep -q "exists already" || { echo "$$out"; exit 1; }; \
	done
	@# The head's development key, made once (a new one each run would change the signer).
	[ -f $(DEMO_DATA_DIR)/demo-signer.done ] || { (umask 077 && echo "$(DEMO_SIGNER_PASSPHRASE)" \
		> $(DEMO_DATA_DIR)/demo-signer.passphrase) && $(PY) -m central signer-key \
		--db $(DEMO_CENTRAL_DB) --user demo-kades \
		--passphrase-file $(DEMO_DATA_DIR)/demo-signer.passphrase \
		&& touch $(DEMO_DATA_DIR)/demo-signer.done; }
	@echo "Back office: http://127.0.0.1:$(DEMO_CENTRAL_PORT)/office/ (DEMO accounts and passwords, never for production):"
	@echo "  demo-admin    / $(DEMO_ADMIN_PASSWORD)     Diskominfo: kiosks, accounts, audit"
	@echo "  demo-operator / $(DEMO_OPERATOR_PASSWORD)  village operator of Kemiren: requests"
	@echo "  demo-kades    / $(DEMO_HEAD_PASSWORD)      head of Kemiren: signs letters (passphrase $(DEMO_SIGNER_PASSPHRASE))"
	@echo "  demo-loket    / $(DEMO_COUNTER_PASSWORD)     counter 1 of Dukcapil (A): calls queue numbers"
	@echo "Hall display: http://127.0.0.1:$(DEMO_CENTRAL_PORT)/display/"
	$(DEMO_CENTRAL_ENV) $(PY) -m central serve --host 127.0.0.1 --port $(DEMO_CENTRAL_PORT) \
		--db $(DEMO_CENTRAL_DB) --kiosk-file $(DEMO_DATA_DIR)/central-kiosks & \
	central=$$!; trap 'kill $$central 2>/dev/null' EXIT INT TERM; \
	KIOSK_DATA_DIR=$(DEMO_DATA_DIR) KIOSK_MAINTENANCE_PEPPER_FILE=$(DEMO_PEPPER_FILE) \
	KIOSK_ID=$(DEMO_KIOSK_ID) KIOSK_SECRET=$(DEMO_SECRET) \
	KIOSK_CENTRAL_URL=http://127.0.0.1:$(DEMO_CENTRAL_PORT) $(PY) -m ui --demo --windowed

test: apt $(VENV)/.installed lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest --durations=30

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# Installs the Debian packages when run as root; otherwise prints the exact command and fails.
apt:
	@missing=$$(for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian packages: $$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
		else \
			echo "Missing Debian packages: $$missing"; \
			echo "Run: sudo apt-get install -y $(APT_PACKAGES)"; \
			exit 1; \
		fi; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Rebuild the English strings after changing QML text, then translate the new entries in
# Qt Linguist (pyside6-linguist) or any editor, and run this again to compile them. The same
# for central's pages (Django's gettext catalogs of the apps in CENTRAL_LOCALE_APPS).
translations: $(VENV)/.installed
	$(VENV)/bin/pyside6-lupdate ui/qml/Kiosk/*.qml $(KEYBOARD_STYLE) -source-language id -target-language en -no-obsolete -ts $(TS)
	$(VENV)/bin/pyside6-lrelease $(TS) -qm $(QM)
	for app in $(CENTRAL_LOCALE_APPS); do (cd central/$$app && \
		PYTHONPATH=$(CURDIR) DJANGO_SETTINGS_MODULE=central.settings CENTRAL_DB=$$(mktemp -u) \
		$(CURDIR)/$(PY) -m django makemessages -l en --no-location --no-obsolete && \
		PYTHONPATH=$(CURDIR) DJANGO_SETTINGS_MODULE=central.settings CENTRAL_DB=$$(mktemp -u) \
		$(CURDIR)/$(PY) -m django compilemessages -l en) || exit 1; done

clean:
	rm -rf $(VENV) build dist var .pytest_cache .mypy_cache .ruff_cache

# The one-folder bundle dist/kiosk (kiosk.spec), checked by its own self-test from a copy in
# another folder, as on a kiosk.
bundle: apt $(VENV)/.installed
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN kiosk.spec
	@copy=$$(mktemp -d); trap 'rm -rf "$$copy"' EXIT; cp -a dist/kiosk "$$copy/kiosk"; \
	echo "bundle: $$(du -sm dist/kiosk | cut -f1) MB; self-test from $$copy/kiosk"; \
	cd "$$copy" && env -u DISPLAY -u WAYLAND_DISPLAY -u KIOSK_CONFIG QT_QPA_PLATFORM=offscreen \
		KIOSK_DATA_DIR="$$copy/data" XDG_CACHE_HOME="$$copy/cache" ./kiosk/kiosk --self-test
