"""forkbench's matplotlib figures, one module a figure (plots/README.md).

runs reads the inputs and needs no matplotlib; units, style and figure are
what the figures share; latency, distribution, ratio and phases each draw
one figure: plot_NAME(sides, ..., out, written) writes NAME.png and
NAME.svg into out and appends their paths to written.
"""
