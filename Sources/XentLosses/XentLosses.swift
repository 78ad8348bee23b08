// The XentLosses module.
