/// Placeholder until the projection runner lands (issue 4).
enum ProjectionsModule {}
