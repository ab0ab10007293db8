# Fails when a project source differs from what clang-format (the repo's .clang-format) makes
# of it. Run as: cmake -DSOURCE_DIR=<repo> -DCLANG_FORMAT=<path> -P check_format.cmake
set(files "")
foreach(folder common tlb envs replay agents apps tests bench)
  file(GLOB_RECURSE found "${SOURCE_DIR}/${folder}/*.h" "${SOURCE_DIR}/${folder}/*.cpp")
  list(APPEND files ${found})
endforeach()
# One process for all files: clang-format starts slowly.
execute_process(COMMAND "${CLANG_FORMAT}" --dry-run --Werror ${files}
                RESULT_VARIABLE rc ERROR_VARIABLE report OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  string(REGEX MATCHALL "[^\n]*: error: code should be clang-formatted" lines "${report}")
  list(JOIN lines "\n  " text)
  message(FATAL_ERROR "not clang-formatted (run clang-format -i on them):\n  ${text}")
endif()
