// The XentCoding module.
