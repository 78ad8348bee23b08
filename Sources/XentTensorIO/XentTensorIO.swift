// The XentTensorIO module.
