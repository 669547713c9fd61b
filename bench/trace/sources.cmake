# The trace reader: libtracefs/libtraceevent, an instance of our own.
find_package(PkgConfig REQUIRED)
pkg_check_modules(TRACEFS REQUIRED IMPORTED_TARGET libtracefs libtraceevent)
add_library(fbtrace STATIC
  ${CMAKE_CURRENT_LIST_DIR}/trace.c ${CMAKE_CURRENT_LIST_DIR}/trace_events.c
  ${CMAKE_CURRENT_LIST_DIR}/trace_cleanup.c)
target_include_directories(fbtrace PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_compile_definitions(fbtrace PRIVATE _GNU_SOURCE)
target_link_libraries(fbtrace PUBLIC PkgConfig::TRACEFS)
list(APPEND FB_AREA_LIBS fbtrace)
