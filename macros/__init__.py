"""dx-plans: data → checked, typed Site → pages. Stages in sub-packages (README, Layout);
macros/mkdocs/ holds the only code that knows MkDocs (its build steps: macros/mkdocs/steps.py)."""
