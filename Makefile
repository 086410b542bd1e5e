# Two commands on a fresh machine with Python 3.11 and make:
#   make figures   runs the main job on seeds/ and regenerates figures/
#   make test      runs every test: unit tests, doctests and the notebooks under nbval
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: figures test notebooks venv clean

venv: $(STAMP)

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	# make `import analysis` work from anywhere in this venv (notebooks run in notebooks/)
	$(BIN)/python -c "import pathlib, sysconfig; pathlib.Path(sysconfig.get_path('purelib'), 'analysis-project.pth').write_text('$(CURDIR)\n')"
	touch $(STAMP)

figures: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python -m analysis figures seeds --out figures

test: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python -m pytest

# re-execute the notebooks from their py:percent pairs and store their outputs (for nbval)
notebooks: $(STAMP)
	for nb in notebooks/*.py; do \
		$(BIN)/jupytext --quiet --to ipynb --update "$$nb" && \
		MPLBACKEND=module://matplotlib_inline.backend_inline $(BIN)/papermill --log-level WARNING \
			--cwd notebooks "$${nb%.py}.ipynb" "$${nb%.py}.ipynb" || exit 1; \
	done
	# drop run timestamps so that re-running changes the notebooks only where results change
	$(BIN)/python -c "import glob, nbformat; \
	strip = lambda nb: [c.metadata.pop(k, None) for c in nb.cells + [nb] for k in ('papermill', 'execution')] and nb; \
	[nbformat.write(strip(nbformat.read(f, 4)), f) for f in sorted(glob.glob('notebooks/*.ipynb'))]"

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
