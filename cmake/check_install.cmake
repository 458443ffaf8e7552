# Installs the build tree BUILD_DIR into PREFIX and checks that the programs
# are there and run: `tapecheck` against the installed reference engine.
# Run by ctest (install.programs): cmake -DBUILD_DIR=... -DPREFIX=... -DBINDIR=bin -P check_install.cmake
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX}
                RESULT_VARIABLE installed OUTPUT_QUIET)
if(NOT installed EQUAL 0)
  message(FATAL_ERROR "cmake --install ${BUILD_DIR} --prefix ${PREFIX} failed (${installed})")
endif()
foreach(program tapecheck tapecheck_reference_engine)
  if(NOT EXISTS ${PREFIX}/${BINDIR}/${program})
    message(FATAL_ERROR "cmake --install did not install ${BINDIR}/${program}")
  endif()
endforeach()
execute_process(COMMAND ${PREFIX}/${BINDIR}/tapecheck check --engine ${PREFIX}/${BINDIR}/tapecheck_reference_engine
                        --domain modp --property T3_backward_eq_spec --cases 20 --seed 1 --out ${PREFIX}/failures
                RESULT_VARIABLE checked OUTPUT_VARIABLE report ERROR_VARIABLE report)
if(NOT checked EQUAL 0)
  message(FATAL_ERROR "the installed tapecheck did not pass the installed reference engine (${checked}):\n${report}")
endif()
file(REMOVE_RECURSE ${PREFIX})
