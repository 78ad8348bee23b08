// The XentTraining module.
