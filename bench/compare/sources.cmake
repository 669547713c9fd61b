# forkbench compare and the results reader it is the first user of.
list(APPEND FB_AREA_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/cmd_compare.c
  ${CMAKE_CURRENT_LIST_DIR}/compare_context.c
  ${CMAKE_CURRENT_LIST_DIR}/compare_model.c
  ${CMAKE_CURRENT_LIST_DIR}/compare_output.c
  ${CMAKE_CURRENT_LIST_DIR}/compare_stats.c
  ${CMAKE_CURRENT_LIST_DIR}/results_read.c)
list(APPEND FB_AREA_LIBS m)
