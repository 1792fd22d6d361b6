"""`python -m careerlog`: the same command as the `careerlog` script."""

from careerlog.cli import main

main(prog_name="careerlog")
