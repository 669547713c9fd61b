# forkbench check: the environment facts (uses context.c's sysfs helpers and procfs.h).
list(APPEND FB_AREA_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/envcheck.c ${CMAKE_CURRENT_LIST_DIR}/facts_mem.c
  ${CMAKE_CURRENT_LIST_DIR}/facts_cpu.c ${CMAKE_CURRENT_LIST_DIR}/facts_sys.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_check.c)
# The same files, for tests/envcheck (which cannot see FB_AREA_SOURCES).
set(FB_ENVCHECK_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/envcheck.c ${CMAKE_CURRENT_LIST_DIR}/facts_mem.c
  ${CMAKE_CURRENT_LIST_DIR}/facts_cpu.c ${CMAKE_CURRENT_LIST_DIR}/facts_sys.c
  CACHE INTERNAL "envcheck sources")
