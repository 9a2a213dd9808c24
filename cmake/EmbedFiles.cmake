# faber_embed_files(OUTPUT_VAR DIR HEADER NAMESPACE FUNCTION PREFIX): a rule that compiles every
# *.yaml under DIR, as text and as its tree parsed at build time (cmake/yaml_tree_tool.cc), into a
# generated source file, rebuilt when any of them changes.
if(NOT TARGET faber_yaml_tree)
  add_executable(faber_yaml_tree "${CMAKE_SOURCE_DIR}/cmake/yaml_tree_tool.cc")
  target_link_libraries(faber_yaml_tree PRIVATE nlohmann_json::nlohmann_json yaml-cpp)
  target_compile_options(faber_yaml_tree PRIVATE $<$<CXX_COMPILER_ID:GNU>:-Wno-dangling-pointer>)
endif()

function(faber_embed_files output_var dir header namespace function prefix)
  set(output "${CMAKE_CURRENT_BINARY_DIR}/${function}.cc")
  file(GLOB_RECURSE inputs CONFIGURE_DEPENDS "${dir}/*.yaml")
  add_custom_command(
    OUTPUT "${output}"
    COMMAND faber_yaml_tree "${output}" "${header}" "${namespace}" "${function}" "${prefix}" "${dir}"
    DEPENDS ${inputs} faber_yaml_tree
    COMMENT "Embedding ${prefix}")
  set(${output_var} "${output}" PARENT_SCOPE)
endfunction()
