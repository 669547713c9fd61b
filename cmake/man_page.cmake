# Builds a man page from its scdoc source, and the gzipped copy that is
# installed (as Debian ships man pages): cmake -DSCDOC=... -DSRC=x.1.scd
# -DOUT=x.1 -P man_page.cmake writes x.1 and x.1.gz. A script, not a shell
# line, so the redirections need no quoting and a failure stops the build.
execute_process(COMMAND ${SCDOC} INPUT_FILE ${SRC} OUTPUT_FILE ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE ${OUT})
  message(FATAL_ERROR "scdoc could not build ${OUT} from ${SRC}")
endif()
execute_process(COMMAND gzip -9nf ${OUT} -c OUTPUT_FILE ${OUT}.gz RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip could not compress ${OUT}")
endif()
