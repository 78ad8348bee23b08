// The XentInformationTheory module.
