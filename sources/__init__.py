"""Where the numbers come from: views of the source documents rows were read from."""
