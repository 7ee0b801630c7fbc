"""Where the dataset is and the project configuration."""
