# Install rules and the exported CMake package `tapecheck`, so that another
# project can `find_package(tapecheck CONFIG REQUIRED)` and link
# tapecheck::spec, tapecheck::runtime, tapecheck::generators, tapecheck::properties,
# and tapecheck::cli (the whole command line as a library: cli/run.hpp), with
# what it needs, tapecheck::casefile and tapecheck::engines.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(TAPECHECK_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/tapecheck)
set(TAPECHECK_EXPORTED_LAYERS spec runtime generators properties casefile engines)

# Why reset the include path: the in-tree target points at the source folder,
# which an installed package must not reference; consumers include
# "spec/...", "properties/..." from the installed include folder instead.
set_property(TARGET tapecheck_spec PROPERTY INTERFACE_INCLUDE_DIRECTORIES
             "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>" "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")

foreach(layer ${TAPECHECK_EXPORTED_LAYERS})
  set_target_properties(tapecheck_${layer} PROPERTIES EXPORT_NAME ${layer})
  # In-tree users can spell the targets as installed users do.
  add_library(tapecheck::${layer} ALIAS tapecheck_${layer})
  if(EXISTS ${PROJECT_SOURCE_DIR}/${layer})
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/${layer}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/${layer}
            FILES_MATCHING PATTERN "*.hpp" PATTERN "tests" EXCLUDE)
  endif()
endforeach()
# The case-file library's headers live in cli/, with the command line's.
set_target_properties(tapecheck_cli_lib PROPERTIES EXPORT_NAME cli)
add_library(tapecheck::cli ALIAS tapecheck_cli_lib)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/cli/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/cli
        FILES_MATCHING PATTERN "*.hpp" PATTERN "tests" EXCLUDE PATTERN "tools" EXCLUDE)

install(TARGETS tapecheck_spec tapecheck_runtime tapecheck_generators tapecheck_properties
                tapecheck_casefile tapecheck_engines tapecheck_cli_lib
        EXPORT tapecheckTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(EXPORT tapecheckTargets NAMESPACE tapecheck:: DESTINATION ${TAPECHECK_INSTALL_CMAKEDIR})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/tapecheckConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/tapecheckConfig.cmake
                              INSTALL_DESTINATION ${TAPECHECK_INSTALL_CMAKEDIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/tapecheckConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/tapecheckConfig.cmake ${PROJECT_BINARY_DIR}/tapecheckConfigVersion.cmake
        DESTINATION ${TAPECHECK_INSTALL_CMAKEDIR})

# The programs: `tapecheck` itself, and the reference runtime served as a
# protocol engine (a known-good engine to try `--engine` with, and the
# baseline of docs/engine-protocol.md's conformance test).
install(TARGETS tapecheck tapecheck_reference_engine RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# ctest: an install into a scratch prefix has both programs, and they run.
add_test(NAME install.programs
         COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${PROJECT_BINARY_DIR} -DPREFIX=${PROJECT_BINARY_DIR}/install-test
                 -DBINDIR=${CMAKE_INSTALL_BINDIR} -P ${CMAKE_CURRENT_LIST_DIR}/check_install.cmake)
