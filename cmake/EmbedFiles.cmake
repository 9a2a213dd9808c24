# faber_embed_files(OUTPUT_VAR DIR HEADER NAMESPACE FUNCTION PREFIX): a rule that compiles every
# *.yaml under DIR into a generated source file, rebuilt when any of them changes.
function(faber_embed_files output_var dir header namespace function prefix)
  set(output "${CMAKE_CURRENT_BINARY_DIR}/${function}.cc")
  file(GLOB_RECURSE inputs CONFIGURE_DEPENDS "${dir}/*.yaml")
  add_custom_command(
    OUTPUT "${output}"
    COMMAND ${CMAKE_COMMAND} -DDIR=${dir} -DOUTPUT=${output} -DHEADER=${header} -DNAMESPACE=${namespace}
            -DFUNCTION=${function} -DPREFIX=${prefix} -P "${CMAKE_SOURCE_DIR}/cmake/embed_files.cmake"
    DEPENDS ${inputs} "${CMAKE_SOURCE_DIR}/cmake/embed_files.cmake"
    COMMENT "Embedding ${prefix}")
  set(${output_var} "${output}" PARENT_SCOPE)
endfunction()
