# The Debian package: cpack -G DEB in a build dir writes
# forkbench_VERSION-1_amd64.deb, installed under /usr (the layout
# GNUInstallDirs gives, so forkbench finds /usr/libexec/forkbench). Its
# Depends are computed by dpkg-shlibdeps from what forkbench links
# (libjansson4, libpfm4, libtracefs1, ...), never written by hand.
# harness/deb-check.sh builds it, installs it, runs it and removes it.
set(FORKBENCH_DEB_MAINTAINER "forkbench maintainers <maintainers@users.noreply.h-seed-cfd7a80d.example>"
  CACHE STRING "The Maintainer field of the .deb")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME forkbench)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${FORKBENCH_DEB_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "measures what it costs Linux to create a process or a thread")
# The extended description under it, in lines dpkg shows as they are.
set(CPACK_PACKAGE_DESCRIPTION "forkbench times fork, vfork, clone threads, pthread_create,
posix_spawn, fork/vfork with exec, clone3 with CLONE_PIDFD and pidfd_open
as distributions, across the parent's memory image (RSS, THP, hugetlb,
VMAs, open files, threads) and the copy-on-write faults after fork. It
counts perf events, joins the kernel's fork tracepoints to its samples,
and compares runs of two kernels with statistics.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# draw.sh draws with these; forkbench itself runs without them
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "python3-matplotlib, gnuplot-nox, bash-completion")
set(CPACK_STRIP_FILES ON)

# What Debian wants in every package: the copyright, a changelog, and the
# lintian override that says the static worker and helper are meant so.
# Installed only into the package (cmake/debian/install.cmake).
set(CPACK_DEBIAN_PACKAGE_VERSION ${PROJECT_VERSION})
set(FB_COMMIT unknown)
if(GIT_EXECUTABLE)
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=12 HEAD
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE FB_COMMIT
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
endif()
string(TIMESTAMP FB_DEB_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC) # honours SOURCE_DATE_EPOCH
configure_file(${PROJECT_SOURCE_DIR}/cmake/debian/changelog.in
  ${PROJECT_BINARY_DIR}/debian/changelog @ONLY)
set(CPACK_CUSTOM_INSTALL_VARIABLES "FORKBENCH_DEB=1")
install(CODE "
  set(FB_DEBIAN_DIR \"${PROJECT_SOURCE_DIR}/cmake/debian\")
  set(FB_CHANGELOG \"${PROJECT_BINARY_DIR}/debian/changelog\")
  set(FB_DOCDIR \"${CMAKE_INSTALL_DOCDIR}\")")
install(SCRIPT ${PROJECT_SOURCE_DIR}/cmake/debian/install.cmake)
include(CPack)
