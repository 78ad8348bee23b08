// The XentTraining module: UCR time-series datasets, MiniRocket and Hydra convolution features, small neural networks (a
// dense head, an MLP and a 1-D CNN) with
// hand-written forward and backward passes, optimizers, a trainer with an honest validation protocol,
// classification metrics and a self-contained HTML report.
