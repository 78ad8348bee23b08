// The XentCompression module.
