module bare-controller/node-images

go 1.26.0
