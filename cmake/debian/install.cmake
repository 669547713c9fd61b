# Run by `cmake --install` (install(SCRIPT) in cmake/packaging.cmake), but
# does something only when CPack builds the .deb, which sets FORKBENCH_DEB
# (CPACK_CUSTOM_INSTALL_VARIABLES): the files Debian wants in every
# package, which a plain install into /usr/local has no use for.
if(NOT FORKBENCH_DEB)
  return()
endif()
# file(INSTALL) adds DESTDIR (CPack's staging dir) itself; gzip must be told it
file(INSTALL "${FB_DEBIAN_DIR}/copyright" DESTINATION "${CMAKE_INSTALL_PREFIX}/${FB_DOCDIR}")
file(INSTALL "${FB_DEBIAN_DIR}/lintian-overrides"
  DESTINATION "${CMAKE_INSTALL_PREFIX}/share/lintian/overrides" RENAME forkbench)
execute_process(COMMAND gzip -9nc "${FB_CHANGELOG}"
  OUTPUT_FILE "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/${FB_DOCDIR}/changelog.Debian.gz"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cannot gzip ${FB_CHANGELOG}")
endif()
