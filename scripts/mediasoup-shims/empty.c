/* Intentionally empty: placeholder for link_whole libraries of shim subprojects. */
