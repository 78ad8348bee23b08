// The umbrella module: `import Xent` brings in every public layer of the package.
@_exported import XentKernels
@_exported import XentTensorIO
@_exported import XentInformationTheory
@_exported import XentLosses
@_exported import XentCoding
@_exported import XentCompression
@_exported import XentTraining
