# forkbench compare and the results reader it is the first user of.
list(APPEND FB_AREA_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/cmd_compare.c
  ${CMAKE_CURRENT_LIST_DIR}/compare_context.c
  ${CMAKE_CURRENT_LIST_DIR}/compare_format.c
  ${CMAKE_CURRENT_LIST_DIR}/compare_json.c
  ${CMAKE_CURRENT_LIST_DIR}/compare_model.c
  ${CMAKE_CURRENT_LIST_DIR}/compare_sides.c
  ${CMAKE_CURRENT_LIST_DIR}/compare_stats.c
  ${CMAKE_CURRENT_LIST_DIR}/compare_text.c
  ${CMAKE_CURRENT_LIST_DIR}/results_read.c
  ${CMAKE_CURRENT_LIST_DIR}/run_values.c
  ${CMAKE_CURRENT_LIST_DIR}/student_t.c)
list(APPEND FB_AREA_LIBS m)
